"""The web: the starlette app and its endpoints, authentication, pages."""
