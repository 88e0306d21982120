"""Failed background jobs (job_failure) and forwarding to external LRSs (targets, outbox, rejections).

Revision ID: 9c292002aad6
Revises: b61d7e7899e6
Create Date: 2026-12-07 23:29:22.855190

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9c292002aad6'
down_revision = 'b61d7e7899e6'
branch_labels = None
depends_on = None


def upgrade():
    # reviewed: four new tables, nothing existing changes
    op.create_table('job_failure',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.String(length=64), nullable=False),
    sa.Column('job', sa.String(length=120), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('arguments', sa.Text(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('final', sa.Boolean(), nullable=False),
    sa.Column('failed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('task_data', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_failure')),
    sa.UniqueConstraint('task_id', name=op.f('uq_job_failure_task_id'))
    )
    with op.batch_alter_table('job_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_failure_job'), ['job'], unique=False)

    op.create_table('forward_target',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('endpoint', sa.String(length=500), nullable=False),
    sa.Column('username', sa.String(length=200), nullable=False),
    sa.Column('password_sealed', sa.Text(), nullable=False),
    sa.Column('xapi_version', sa.String(length=10), nullable=False),
    sa.Column('activity_prefix', sa.String(length=600), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('forwarded', sa.Integer(), nullable=False),
    sa.Column('last_success_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('last_error_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_forward_target_organisation_id_organisation'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forward_target'))
    )
    op.create_table('forward_outbox',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.String(length=36), nullable=False),
    sa.ForeignKeyConstraint(['target_id'], ['forward_target.id'], name=op.f('fk_forward_outbox_target_id_forward_target'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forward_outbox'))
    )
    with op.batch_alter_table('forward_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_forward_outbox_target_id_id', ['target_id', 'id'], unique=False)

    op.create_table('forward_rejection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('statement_id', sa.String(length=36), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('rejected_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['target_id'], ['forward_target.id'], name=op.f('fk_forward_rejection_target_id_forward_target'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_forward_rejection'))
    )
    with op.batch_alter_table('forward_rejection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_forward_rejection_target_id'), ['target_id'], unique=False)

    # ### end Alembic commands ###


def downgrade():
    # reviewed: four new tables, nothing existing changes
    with op.batch_alter_table('forward_rejection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_forward_rejection_target_id'))

    op.drop_table('forward_rejection')
    with op.batch_alter_table('forward_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_forward_outbox_target_id_id')

    op.drop_table('forward_outbox')
    op.drop_table('forward_target')
    with op.batch_alter_table('job_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_failure_job'))

    op.drop_table('job_failure')
    # ### end Alembic commands ###
