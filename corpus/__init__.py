"""Build-time code: gathering natural text, simulating spinners, building and training the
artifacts in ``models/``. Nothing here is imported by the runtime package ``detector``."""
