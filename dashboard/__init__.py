"""The screens of KIPP Live: pages, component builders, callbacks, ids, texts and formats."""
