"""``python -m gkmine``: the command line."""

from gkmine.cli import main

if __name__ == "__main__":
    main()
