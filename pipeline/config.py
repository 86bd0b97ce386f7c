"""Settings: one typed object built at the edges from flags, environment and an optional TOML file."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import DataError

DEFAULT_DB = "sqlite:///outputs/vanban.db"


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DB
    outputs: Path = Path("outputs")
    templates: Path = Path(__file__).resolve().parent.parent / "templates"
    registries: tuple[Path, ...] = field(default_factory=tuple)   # user registry files
    max_upload_bytes: int = 50 * 1024 * 1024

    @classmethod
    def build(cls, *, database_url: str | None = None, config_file: str | None = None,
              registry: list[str] | None = None, env: dict[str, str] | None = None) -> "Settings":
        env = dict(os.environ if env is None else env)
        s = cls()
        path = config_file or env.get("VANBAN_CONFIG")
        if path:
            try:
                data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
                raise DataError(f"không đọc được tệp cấu hình: {e}", path=path) from e
            for key, kind in (("database_url", str), ("outputs", str), ("registries", list)):
                if key in data and not isinstance(data[key], kind):
                    raise DataError(f"giá trị “{key}” trong tệp cấu hình phải là "
                                    f"{'một danh sách' if kind is list else 'một chuỗi'}", path=path)
            s = replace(s, **{k: v for k, v in {
                "database_url": data.get("database_url"),
                "outputs": Path(data["outputs"]) if "outputs" in data else None,
                "registries": tuple(Path(p) for p in data.get("registries", [])) or None,
            }.items() if v is not None})
        if env.get("VANBAN_DATABASE_URL"):
            s = replace(s, database_url=env["VANBAN_DATABASE_URL"])
        if database_url:
            s = replace(s, database_url=database_url)
        if registry:
            s = replace(s, registries=s.registries + tuple(Path(p) for p in registry))
        return s
