"""scorm: attempts and launch sessions of SCOs

- ``scorm_attempt``: one attempt of a learner on one SCO of a package version (in one
  registration): the CMI values the SCO set, array sizes, statuses, score, total time,
  exit, suspended/ended.
- ``scorm_session``: one launch of a SCO: the hash of the runtime token the API adapter
  uses, entry (ab-initio/resume), what the adapter is given, values of this session only
  (exit, session_time, adl.nav.request), initialized/terminated, the last commit's number.

Revision ID: c65933d15fd0
Revises: 1d48de83bbe8
Create Date: 2026-12-07 23:55:13.814213

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c65933d15fd0'
down_revision = '1d48de83bbe8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('scorm_attempt',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('module_version_id', sa.Integer(), nullable=False),
    sa.Column('unit_key', sa.String(length=16), nullable=False),
    sa.Column('registration', sa.String(length=36), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.String(length=36), nullable=False),
    sa.Column('preview', sa.Boolean(), nullable=False),
    sa.Column('cmi_values', sa.JSON(), nullable=False),
    sa.Column('counts', sa.JSON(), nullable=False),
    sa.Column('completion_status', sa.String(length=20), nullable=False),
    sa.Column('success_status', sa.String(length=20), nullable=False),
    sa.Column('score_scaled', sa.Double(), nullable=True),
    sa.Column('total_seconds', sa.Double(), nullable=False),
    sa.Column('exit', sa.String(length=20), nullable=False),
    sa.Column('suspended', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('ended_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['module_version_id'], ['module_version.id'], name=op.f('fk_scorm_attempt_module_version_id_module_version'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_scorm_attempt_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scorm_attempt')),
    sa.UniqueConstraint('attempt_id', name=op.f('uq_scorm_attempt_attempt_id')),
    sa.UniqueConstraint('user_id', 'module_version_id', 'unit_key', 'registration', 'number', name=op.f('uq_scorm_attempt_user_id'))
    )
    with op.batch_alter_table('scorm_attempt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scorm_attempt_module_version_id'), ['module_version_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_scorm_attempt_registration'), ['registration'], unique=False)
        batch_op.create_index(batch_op.f('ix_scorm_attempt_user_id'), ['user_id'], unique=False)

    op.create_table('scorm_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('entry', sa.String(length=10), nullable=False),
    sa.Column('launch', sa.JSON(), nullable=False),
    sa.Column('cmi_values', sa.JSON(), nullable=False),
    sa.Column('initialized_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('terminated_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_commit_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_sequence', sa.Integer(), nullable=False),
    sa.Column('nav_request', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['attempt_id'], ['scorm_attempt.id'], name=op.f('fk_scorm_session_attempt_id_scorm_attempt'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_scorm_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_scorm_session_token_hash'))
    )
    with op.batch_alter_table('scorm_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_scorm_session_attempt_id'), ['attempt_id'], unique=False)



def downgrade():
    with op.batch_alter_table('scorm_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scorm_session_attempt_id'))

    op.drop_table('scorm_session')
    with op.batch_alter_table('scorm_attempt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_scorm_attempt_user_id'))
        batch_op.drop_index(batch_op.f('ix_scorm_attempt_registration'))
        batch_op.drop_index(batch_op.f('ix_scorm_attempt_module_version_id'))

    op.drop_table('scorm_attempt')
