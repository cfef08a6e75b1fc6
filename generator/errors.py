"""The exit codes of ``talkdocs`` and the one error type for each code that is an error.

| code | meaning | how a command ends with it |
|---|---|---|
| 0 | done, nothing at or above ``--fail-on`` | ``run`` returns :data:`EXIT_OK` |
| 1 | done, and the records have findings | ``run`` returns :data:`EXIT_FINDINGS` (a result, not an error) |
| 2 | wrong usage or configuration: nothing was done | :class:`ConfigError` (argparse's own usage errors too) |
| 3 | the site could not be built; the last good site is unchanged | :class:`BuildFailed` |
| 4 | a defect of talkdocs itself | any other exception, caught by :func:`generator.cli.app.main` |
| 130 | interrupted (Ctrl+C) | ``KeyboardInterrupt`` |

Every stage may raise these (stages below the command line know what went wrong, only the command line
turns it into a code), so this module sits at the root of the package and imports nothing.  The message of
an error is what the user reads: Simplified Chinese, naming the file or option and what to write instead.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_BUILD = 3
EXIT_INTERNAL = 4
EXIT_INTERRUPTED = 130


class TalkdocsError(Exception):
    """An error the user can put right; ``str(error)`` is the Chinese message, ``exit_code`` the code.

    ``command``: the verb to name in front of the message (``talkdocs init：…``); empty for ``talkdocs：…``.
    """

    exit_code: int = EXIT_USAGE  # a class attribute, set by each subclass

    def __init__(self, message: str, *, command: str = "") -> None:
        super().__init__(message)
        self.command = command

    def line(self) -> str:
        """The line standard error shows, with the command's name in front."""
        who = f"talkdocs {self.command}" if self.command else "talkdocs"
        return f"{who}：{self}\n"


class ConfigError(TalkdocsError):
    """A usage or configuration problem (exit code 2): a missing folder, a bad option or settings file."""

    exit_code = EXIT_USAGE


class BuildFailed(TalkdocsError):
    """The site was not built (exit code 3): MkDocs' strict warnings or errors, a dead link, the Art. 16 guard
    of a summary build, a file that could not be written.  The last good site stays as it was."""

    exit_code = EXIT_BUILD
