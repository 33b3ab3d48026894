"""Previews' analyses kept in this process for their confirm.

Like Django's local-memory cache, which a preview used before, but without its pickle
round trip: 20,000 analysed rows took about a second to pickle and unpickle. As with
the local-memory cache, a confirm served by another worker process finds nothing and
analyses the file again (correct, only slower). An analysis is dropped once confirmed,
after `seconds`, or when more than `most` are kept (the oldest first).
"""

import threading
import time
from collections import OrderedDict


class KeptPlans:
    def __init__(self, *, seconds: int, most: int):
        self.seconds = seconds
        self.most = most
        self._plans: OrderedDict[str, tuple[float, object]] = OrderedDict()
        self._lock = threading.Lock()

    def _drop_expired(self, now: float) -> None:
        for key in [key for key, (expires, _plan) in self._plans.items() if expires <= now]:
            del self._plans[key]

    def get(self, key: str):
        with self._lock:
            self._drop_expired(time.monotonic())
            kept = self._plans.get(key)
            return kept[1] if kept else None

    def has(self, key: str) -> bool:
        return self.get(key) is not None

    def set(self, key: str, plan) -> None:
        with self._lock:
            now = time.monotonic()
            self._drop_expired(now)
            self._plans.pop(key, None)
            self._plans[key] = (now + self.seconds, plan)
            while len(self._plans) > self.most:
                self._plans.popitem(last=False)

    def delete(self, key: str) -> None:
        with self._lock:
            self._plans.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._plans.clear()
