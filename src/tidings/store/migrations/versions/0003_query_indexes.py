"""Query indexes: events newest first (date_start, id) and an actor's events by role (actor_id, role, event_id).

Revision ID: 0003_query_indexes
Revises: 0002_analysis
"""

from __future__ import annotations

from alembic import op

revision = "0003_query_indexes"
down_revision = "0002_analysis"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_events_date_start_id", "events", ["date_start", "id"], unique=False)
    op.create_index(
        "ix_event_entities_actor_role_event", "event_entities", ["actor_id", "role", "event_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_event_entities_actor_role_event", table_name="event_entities")
    op.drop_index("ix_events_date_start_id", table_name="events")
