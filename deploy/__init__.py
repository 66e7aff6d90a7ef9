"""Deployment: nginx in front of gunicorn (`make serve`, python -m deploy.serve)."""
