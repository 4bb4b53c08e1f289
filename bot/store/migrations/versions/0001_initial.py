"""Create the whole schema: sources, actors, follows, stories, outbox, settings, article cache."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# Frozen copies of the column types as they were at this revision, not imports from tables.py.
_TIME = sa.DateTime(timezone=True)
_JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("added_by", sa.Text(), nullable=True),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("next_poll_at", _TIME, nullable=True),
        sa.Column("error_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("backoff_until", _TIME, nullable=True),
        sa.Column("lease_owner", sa.Text(), nullable=True),
        sa.Column("lease_until", _TIME, nullable=True),
        sa.Column("primed_at", _TIME, nullable=True),
        sa.Column("created_at", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("url", name=op.f("uq_sources_url")),
        sa.CheckConstraint("kind IN ('feed', 'search-template')", name=op.f("ck_sources_kind")),
    )
    op.create_index(op.f("ix_sources_next_poll_at"), "sources", ["next_poll_at"])

    op.create_table(
        "room_sources",
        sa.Column("room", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("room", "source_id", name=op.f("pk_room_sources")),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_room_sources_source_id_sources"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(op.f("ix_room_sources_source_id"), "room_sources", ["source_id"])

    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
        sa.CheckConstraint(
            "kind IN ('organisation', 'person', 'group', 'place')", name=op.f("ck_actors_kind")
        ),
    )

    op.create_table(
        "actor_aliases",
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("alias_key", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("actor_id", "alias_key", name=op.f("pk_actor_aliases")),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_actor_aliases_actor_id_actors"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(op.f("ix_actor_aliases_alias_key"), "actor_aliases", ["alias_key"])

    op.create_table(
        "follows",
        sa.Column("room", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("include_keywords", _JSON, nullable=False),
        sa.Column("exclude_keywords", _JSON, nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("room", "actor_id", name=op.f("pk_follows")),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_follows_actor_id_actors"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(op.f("ix_follows_actor_id"), "follows", ["actor_id"])

    op.create_table(
        "stories",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canonical_url", sa.Text(), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("fingerprint", sa.LargeBinary(), nullable=True),
        sa.Column("published_at", _TIME, nullable=True),
        sa.Column("first_seen_at", _TIME, nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stories")),
        sa.UniqueConstraint("canonical_url", name=op.f("uq_stories_canonical_url")),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_stories_source_id_sources"),
            ondelete="SET NULL",
        ),
    )
    op.create_index(op.f("ix_stories_first_seen_at"), "stories", ["first_seen_at"])
    op.create_index(op.f("ix_stories_source_id"), "stories", ["source_id"])

    op.create_table(
        "story_actors",
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("story_id", "actor_id", name=op.f("pk_story_actors")),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_story_actors_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["actors.id"],
            name=op.f("fk_story_actors_actor_id_actors"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(op.f("ix_story_actors_actor_id"), "story_actors", ["actor_id"])

    op.create_table(
        "room_stories",
        sa.Column("room", sa.Text(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("seen_at", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("room", "story_id", name=op.f("pk_room_stories")),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_room_stories_story_id_stories"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(op.f("ix_room_stories_story_id"), "room_stories", ["story_id"])

    op.create_table(
        "room_messages",
        sa.Column("room", sa.Text(), nullable=False),
        sa.Column("message_id", sa.Text(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("room", "message_id", name=op.f("pk_room_messages")),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_room_messages_story_id_stories"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(op.f("ix_room_messages_story_id"), "room_messages", ["story_id"])

    op.create_table(
        "seen",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.Text(), nullable=False),
        sa.Column("seen_at", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("source_id", "item_key", name=op.f("pk_seen")),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["sources.id"],
            name=op.f("fk_seen_source_id_sources"),
            ondelete="CASCADE",
        ),
    )

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("room", sa.Text(), nullable=False),
        sa.Column("story_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("payload", _JSON, nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("delivered_at", _TIME, nullable=True),
        sa.Column("attempts", sa.Integer(), server_default="0", nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("lease_owner", sa.Text(), nullable=True),
        sa.Column("lease_until", _TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("room", "story_id", name=op.f("uq_outbox_room_story_id")),
        sa.ForeignKeyConstraint(
            ["story_id"],
            ["stories.id"],
            name=op.f("fk_outbox_story_id_stories"),
            ondelete="CASCADE",
        ),
        sa.CheckConstraint("kind IN ('immediate', 'digest')", name=op.f("ck_outbox_kind")),
    )
    op.create_index(
        op.f("ix_outbox_delivered_at_created_at"), "outbox", ["delivered_at", "created_at"]
    )
    op.create_index(op.f("ix_outbox_story_id"), "outbox", ["story_id"])

    op.create_table(
        "room_settings",
        sa.Column("room", sa.Text(), nullable=False),
        sa.Column("alert_mode", sa.String(20), nullable=False),
        sa.Column("max_alerts_per_hour", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("room", name=op.f("pk_room_settings")),
        sa.CheckConstraint(
            "alert_mode IN ('immediate', 'digest')", name=op.f("ck_room_settings_alert_mode")
        ),
    )

    op.create_table(
        "article_cache",
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("report", _JSON, nullable=False),
        sa.Column("fetched_at", _TIME, nullable=False),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_article_cache")),
    )
    op.create_index(op.f("ix_article_cache_fetched_at"), "article_cache", ["fetched_at"])


def downgrade() -> None:
    for table in (
        "article_cache",
        "room_settings",
        "outbox",
        "seen",
        "room_messages",
        "room_stories",
        "story_actors",
        "stories",
        "follows",
        "actor_aliases",
        "actors",
        "room_sources",
        "sources",
    ):
        # Dropping a table drops its indexes with it.
        op.drop_table(table)
