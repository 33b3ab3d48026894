"""Pickers: the type-ahead selects (tom-select) of units and records, over a JSON endpoint per record type.

Every registered record type gets `/<app>/<model>/choices/?q=…` (its view permission, 403 otherwise),
searching the registration's `picker_fields` (units: name, short name, credit code and pinyin) in
the registration's `picker_order` (units: by pinyin). Forms and the filter bar render their
foreign keys as `PickerSelect`s, which `bureau/js/pickers.js` turns into type-aheads.
"""
