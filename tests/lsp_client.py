"""A minimal Language Server Protocol client over stdio, enough to ask the YAML language server what an editor
would underline in a file: initialize with the workspace's settings, open a document, read its diagnostics."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parent.parent
SERVER = ROOT / "tests" / "lsp" / "node_modules" / "yaml-language-server" / "bin" / "yaml-language-server"


@dataclass(frozen=True)
class Diagnostic:
    """One underline the editor would show: 0-based line, the message and which part of the server made it."""

    line: int
    message: str
    source: str

    @property
    def from_schema(self) -> bool:
        """True for a JSON Schema verdict (the server names its source ``yaml-schema: <title>``)."""
        return self.source.startswith("yaml-schema")


class YamlLanguageServer:
    """The server as an editor runs it, with ``settings`` as the workspace's ``yaml.*`` settings."""

    def __init__(self, workspace: Path, settings: dict[str, Any]) -> None:
        self._settings = {"yaml": settings}
        self._next_id = 0
        self._version = 0
        self._diagnostics: dict[str, list[Diagnostic]] = {}
        self._proc = subprocess.Popen(["node", str(SERVER), "--stdio"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._request("initialize", {"processId": None, "rootUri": workspace.as_uri(),
                                     "workspaceFolders": [{"uri": workspace.as_uri(), "name": "records"}],
                                     "capabilities": {"workspace": {"configuration": True}}})
        self._notify("initialized", {})
        self._notify("workspace/didChangeConfiguration", {"settings": self._settings})

    def diagnostics(self, path: Path) -> list[Diagnostic]:
        """Opens ``path`` as an editor does and returns the first diagnostics the server publishes for it."""
        uri = path.resolve().as_uri()
        text = path.read_bytes().decode("utf-8", errors="replace")
        # the server caches parsed documents by URI and version: a new version for every opening, so a file
        # changed on disk between two openings is read afresh
        self._version += 1
        self._notify("textDocument/didOpen",
                     {"textDocument": {"uri": uri, "languageId": "yaml", "version": self._version, "text": text}})
        found = self._published(uri)
        # the server answers a close with an empty list for the file; take it now, in order, so it cannot be
        # mistaken for the verdict on the next opening of the same file
        self._notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        self._published(uri)
        return found

    def _published(self, uri: str) -> list[Diagnostic]:
        while uri not in self._diagnostics:
            self._pump()
        return self._diagnostics.pop(uri)

    def close(self) -> None:
        """Shuts the server down the way the protocol asks."""
        try:
            self._request("shutdown", None)
            self._notify("exit", None)
        finally:
            self._proc.kill()
            self._proc.wait(timeout=10)

    def __enter__(self) -> YamlLanguageServer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        stdin = self._stream(self._proc.stdin)
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def _notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def _request(self, method: str, params: Any) -> Any:
        self._next_id += 1
        wanted = self._next_id
        self._send({"id": wanted, "method": method, "params": params})
        while True:
            message = self._pump()
            if message.get("id") == wanted and "method" not in message:
                return message.get("result")

    def _pump(self) -> dict[str, Any]:
        message = self._read()
        method = message.get("method")
        if method == "textDocument/publishDiagnostics":
            params = message["params"]
            self._diagnostics[params["uri"]] = [
                Diagnostic(d["range"]["start"]["line"], d["message"], str(d.get("source", "")))
                for d in params["diagnostics"]]
        elif method is not None and "id" in message:
            # requests from the server: settings by section, everything else acknowledged
            result: Any = None
            if method == "workspace/configuration":
                result = [self._settings.get(item.get("section", ""), self._settings)
                          for item in message["params"]["items"]]
            self._send({"id": message["id"], "result": result})
        return message

    def _read(self) -> dict[str, Any]:
        stdout = self._stream(self._proc.stdout)
        length = 0
        while True:
            line = stdout.readline()
            if not line:
                raise EOFError("the YAML language server stopped")
            line = line.strip()
            if not line:
                break
            key, _, value = line.partition(b":")
            if key.lower() == b"content-length":
                length = int(value)
        parsed: dict[str, Any] = json.loads(stdout.read(length))
        return parsed

    @staticmethod
    def _stream(stream: IO[bytes] | None) -> IO[bytes]:
        assert stream is not None
        return stream
