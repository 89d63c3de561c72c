"""Settings: one object, read from ``POSYLKA_*`` environment variables (and an optional ``.env``),
built once by the entrypoint and passed down. Nothing here runs at import time."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATA_DIR = Path("var")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="POSYLKA_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=DEFAULT_DATA_DIR,
        description="Where the SQLite database, the job queue and uploads live.",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL; empty means a SQLite file in data_dir.",
    )
    redis_url: str = Field(
        default="",
        description="When set, jobs go through Redis and run in `posylka worker` processes.",
    )
    secret_key: SecretStr = Field(
        default=SecretStr(""),
        description="Signs sessions and encrypts Ozon API keys at rest. Generated into data_dir "
        "on first start when empty.",
    )
    previous_secret_keys: list[SecretStr] = Field(
        default_factory=list,
        description="Older keys still accepted for decryption while rotating.",
    )
    sync_interval_minutes: int = Field(default=5, ge=1)
    sync_initial_days: int = Field(default=90, ge=1, le=365)
    sync_concurrency: int = Field(default=12, ge=1, le=50)
    ozon_rps: float = Field(default=50.0, gt=0, description="Overall request rate per Client-Id.")
    ozon_timeout_seconds: float = Field(default=30.0, gt=0)
    ozon_max_attempts: int = Field(default=6, ge=1)
    embedded_workers: int = Field(default=2, ge=1)
    box_exact_solver: bool = Field(
        default=True,
        description="Box choice: ask the exact solver (OR-Tools CP-SAT) too, when the packing "
        "extra is installed.",
    )
    box_solver_seconds: float = Field(
        default=1.5, gt=0, le=30, description="Box choice: the exact solver's time per box."
    )
    volumetric_divisor: int = Field(
        default=5000,
        ge=1000,
        le=10000,
        description="Volumetric weight: cm³ per kg (L×W×H cm / divisor; 5000 by default).",
    )
    host: str = "127.0.0.1"
    port: int = 8000
    default_language: str = "en"
    timezone: str = Field(
        default="Europe/Moscow",
        description="IANA zone in which the web pages show ship-by deadlines and other times.",
    )
    session_max_age_seconds: int = 12 * 3600
    pack_weight_tolerance_percent: Decimal = Field(
        default=Decimal(10),
        ge=0,
        le=100,
        description="Packing station: a weighed parcel may differ from the expected weight by "
        "this share of it, or by pack_weight_tolerance_grams, whichever is larger.",
    )
    pack_weight_tolerance_grams: int = Field(default=50, ge=0)
    pack_require_weight: bool = Field(
        default=False,
        description="Packing station: weigh every parcel, and assemble only when its weight "
        "is within the tolerance.",
    )
    log_level: str = "INFO"

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'posylka.db').as_posix()}"

    @property
    def is_sqlite(self) -> bool:
        return self.effective_database_url.startswith("sqlite")

    @property
    def queue_path(self) -> Path:
        return self.data_dir / "jobs.db"

    @property
    def evidence_dir(self) -> Path:
        """Where photos and videos of packing are kept."""
        return self.data_dir / "evidence"
