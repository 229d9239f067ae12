"""Declarative base and the mixins every table is built from."""

import uuid
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import DateTime, ForeignKey, MetaData, func
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

# Deterministic constraint names, so Alembic can drop and alter them reliably.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: DateTime(timezone=True)}


class UUIDMixin:
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


class TimestampMixin:
    # eager_defaults: the database's timestamps come back with INSERT/UPDATE ... RETURNING,
    # so reading them after a flush never needs a lazy load (which async sessions forbid).
    __mapper_args__: ClassVar[dict[str, Any]] = {"eager_defaults": True}

    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


TENANTS_TABLE = "tenants"
"""The table `TenantMixin.tenant_id` references; a row of it is its own tenant."""


class TenantMixin:
    """Marks a table as tenant-scoped: reads are filtered and writes stamped automatically."""

    @declared_attr
    def tenant_id(cls) -> Mapped[uuid.UUID]:  # noqa: N805 - declared_attr receives the class
        return mapped_column(
            ForeignKey(f"{TENANTS_TABLE}.id", ondelete="CASCADE"), index=True, nullable=False
        )
