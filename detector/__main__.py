"""``python -m detector``: the same as the ``unspin`` command."""

from .cli import main

if __name__ == "__main__":
    main()
