import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

@pytest.mark.django_db
def test_smoke(leader_client):
    with CaptureQueriesContext(connection) as ctx:
        r = leader_client.get("/")
    print(len(ctx.captured_queries))
    for q in ctx.captured_queries: print(q["sql"][:300])
    assert r.status_code == 200, r.content[:3000]
