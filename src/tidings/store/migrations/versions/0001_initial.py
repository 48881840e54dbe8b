"""Initial schema: documents, minhash bands, actors, aliases, mentions, events, event entities.

Revision ID: 0001_initial
Revises: (none)
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("actor_id", sa.String(length=256), nullable=False),
        sa.Column("name", sa.String(length=512), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.Column("member_of", sa.String(length=256), nullable=True),
        sa.Column("role", sa.String(length=256), nullable=True),
        sa.Column("in_kb", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("actor_id", name=op.f("pk_actors")),
    )
    op.create_index(op.f("ix_actors_name"), "actors", ["name"], unique=False)

    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("doc_id", sa.String(length=2048), nullable=False),
        sa.Column("source", sa.String(length=2048), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=True),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=512), nullable=True),
        sa.Column("outlet", sa.String(length=512), nullable=True),
        sa.Column("published", sa.String(length=64), nullable=True),
        sa.Column("published_source", sa.String(length=16), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("raw", sa.LargeBinary(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("minhash", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("duplicate_of", sa.Integer(), nullable=True),
        sa.Column("warnings", sa.JSON(), nullable=False),
        sa.Column("extracted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["duplicate_of"], ["documents.id"], name=op.f("fk_documents_duplicate_of_documents")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_documents")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_documents_content_hash")),
    )
    op.create_index(op.f("ix_documents_doc_id"), "documents", ["doc_id"], unique=False)
    op.create_index(op.f("ix_documents_duplicate_of"), "documents", ["duplicate_of"], unique=False)
    op.create_index(op.f("ix_documents_status"), "documents", ["status"], unique=False)

    op.create_table(
        "actor_aliases",
        sa.Column("actor_id", sa.String(length=256), nullable=False),
        sa.Column("alias", sa.String(length=512), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.actor_id"], name=op.f("fk_actor_aliases_actor_id_actors"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("actor_id", "alias", name=op.f("pk_actor_aliases")),
    )
    op.create_index("ix_actor_aliases_alias", "actor_aliases", ["alias"], unique=False)

    op.create_table(
        "events",
        sa.Column("id", sa.String(length=128), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("event_type", sa.String(length=16), nullable=False),
        sa.Column("mode", sa.String(length=64), nullable=True),
        sa.Column("context", sa.JSON(), nullable=False),
        sa.Column("modality", sa.String(length=16), nullable=False),
        sa.Column("hedge_cues", sa.JSON(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("rule", sa.String(length=256), nullable=False),
        sa.Column("date_text", sa.Text(), nullable=True),
        sa.Column("date_start", sa.String(length=32), nullable=True),
        sa.Column("date_end", sa.String(length=32), nullable=True),
        sa.Column("date_precision", sa.String(length=16), nullable=True),
        sa.Column("date_anchor", sa.String(length=16), nullable=True),
        sa.Column("location_text", sa.Text(), nullable=True),
        sa.Column("location_name", sa.String(length=512), nullable=True),
        sa.Column("location_geonameid", sa.Integer(), nullable=True),
        sa.Column("location_lat", sa.Float(), nullable=True),
        sa.Column("location_lon", sa.Float(), nullable=True),
        sa.Column("location_country_code", sa.String(length=8), nullable=True),
        sa.Column("location_feature", sa.String(length=64), nullable=True),
        sa.Column("quantities", sa.JSON(), nullable=False),
        sa.Column("sentence_index", sa.Integer(), nullable=False),
        sa.Column("sentence_start", sa.Integer(), nullable=False),
        sa.Column("sentence_end", sa.Integer(), nullable=False),
        sa.Column("sentence_text", sa.Text(), nullable=False),
        sa.Column("trigger_start", sa.Integer(), nullable=True),
        sa.Column("trigger_end", sa.Integer(), nullable=True),
        sa.Column("trigger_text", sa.Text(), nullable=True),
        sa.Column("attribution_cue", sa.Text(), nullable=True),
        sa.Column("attribution_unnamed", sa.Boolean(), nullable=False),
        sa.Column("speaker_actor_id", sa.String(length=256), nullable=True),
        sa.Column("record", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_events_document_id_documents"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    op.create_index(op.f("ix_events_date_start"), "events", ["date_start"], unique=False)
    op.create_index(op.f("ix_events_document_id"), "events", ["document_id"], unique=False)
    op.create_index(op.f("ix_events_event_type"), "events", ["event_type"], unique=False)
    op.create_index(op.f("ix_events_modality"), "events", ["modality"], unique=False)

    op.create_table(
        "mentions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.String(length=256), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("via", sa.String(length=32), nullable=False),
        sa.Column("sector", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(["actor_id"], ["actors.actor_id"], name=op.f("fk_mentions_actor_id_actors")),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_mentions_document_id_documents"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentions")),
    )
    op.create_index(op.f("ix_mentions_actor_id"), "mentions", ["actor_id"], unique=False)
    op.create_index(op.f("ix_mentions_document_id"), "mentions", ["document_id"], unique=False)

    op.create_table(
        "minhash_bands",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"], ["documents.id"], name=op.f("fk_minhash_bands_document_id_documents"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("document_id", "band", name=op.f("pk_minhash_bands")),
    )
    op.create_index("ix_minhash_bands_key", "minhash_bands", ["key"], unique=False)

    op.create_table(
        "event_entities",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("event_id", sa.String(length=128), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("actor_id", sa.String(length=256), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("sector", sa.String(length=32), nullable=True),
        sa.Column("name", sa.String(length=512), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("country", sa.String(length=8), nullable=True),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name=op.f("fk_event_entities_event_id_events"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_entities")),
    )
    op.create_index(op.f("ix_event_entities_actor_id"), "event_entities", ["actor_id"], unique=False)
    op.create_index(op.f("ix_event_entities_event_id"), "event_entities", ["event_id"], unique=False)


def downgrade() -> None:
    op.drop_table("event_entities")
    op.drop_table("minhash_bands")
    op.drop_table("mentions")
    op.drop_table("events")
    op.drop_table("actor_aliases")
    op.drop_table("documents")
    op.drop_table("actors")
