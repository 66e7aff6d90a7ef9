"""Pages of the app, each registered explicitly by the factory in app.py."""
