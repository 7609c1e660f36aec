"""The public intake form (server-rendered, works without JavaScript): ``router`` is mounted at ``/``."""

from caseworker.server.form.routes import router

__all__ = ["router"]
