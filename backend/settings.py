"""The one settings object, read from EMPACT_* environment variables."""

from functools import lru_cache
from pathlib import Path

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EMPACT_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=Path("./var"), description="Project-local folder for the database and files."
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL; empty means a SQLite file `empact.db` in the data folder.",
    )
    sqlite_busy_timeout_ms: int = Field(
        default=15_000, ge=0, description="How long a SQLite writer waits for the lock."
    )
    host: str = "127.0.0.1"
    port: int = 8000
    max_page_size: int = Field(default=1000, ge=1, description="Largest list page served.")

    session_idle_minutes: int = Field(default=30, ge=1, description="Signed out after this idle.")
    session_absolute_hours: int = Field(default=12, ge=1, description="Signed out after this.")
    cookie_secure: bool | None = Field(
        default=None,
        description="Secure cookies; by default on unless the site is served from loopback.",
    )
    login_failures_per_account: int = Field(default=5, ge=1)
    login_failures_per_address: int = Field(default=20, ge=1)
    login_failure_window_minutes: int = Field(default=15, ge=1)
    # argon2id cost (the library's RFC 9106 low-memory profile by default).
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_kib: int = Field(default=65536, ge=8)
    argon2_parallelism: int = Field(default=4, ge=1)

    @model_validator(mode="after")
    def _default_database(self) -> "Settings":
        if not self.database_url:
            self.database_url = f"sqlite:///{(self.data_dir / 'empact.db').as_posix()}"
        return self

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


@lru_cache
def get_settings() -> Settings:
    return Settings()
