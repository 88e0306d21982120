"""Reports, assignments, invitations, privacy and LRS rejections

New tables: learning days per learner (report_activity_day) and background exports
(report_export); counters of the network monitoring (monitoring_statement_day,
monitoring_resource_day); assignments of modules and courses; invitations by e-mail; the
access log and account deletions (privacy_*); counters of refused statement writes
(xapi_rejection). After upgrading a database that already holds statements, run
``flask lms rebuild-activity`` and ``flask lms rebuild-usage`` once so the counters include
the past.

Revision ID: 874dc8262718
Revises: 5638561834dc
Create Date: 2026-12-08 00:45:55.723052

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '874dc8262718'
down_revision = '5638561834dc'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('monitoring_resource_day',
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('uses', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'slug', 'day', name=op.f('pk_monitoring_resource_day'))
    )
    op.create_table('monitoring_statement_day',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('statements', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_monitoring_statement_day'))
    )
    op.create_table('report_activity_day',
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('statements', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('actor_name', 'day', name=op.f('pk_report_activity_day'))
    )
    with op.batch_alter_table('report_activity_day', schema=None) as batch_op:
        batch_op.create_index('ix_report_activity_day_day', ['day', 'actor_name'], unique=False)

    op.create_table('report_activity_week',
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('statements', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('actor_name', 'week', name=op.f('pk_report_activity_week'))
    )
    with op.batch_alter_table('report_activity_week', schema=None) as batch_op:
        batch_op.create_index('ix_report_activity_week_week', ['week', 'actor_name'], unique=False)

    op.create_table('report_last_activity',
    sa.Column('actor_name', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('actor_name', name=op.f('pk_report_last_activity'))
    )
    with op.batch_alter_table('report_last_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_last_activity_day'), ['day'], unique=False)

    op.create_table('xapi_rejection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('status', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=120), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('last_message', sa.Text(), nullable=False),
    sa.Column('last_client', sa.String(length=120), nullable=False),
    sa.Column('last_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xapi_rejection')),
    sa.UniqueConstraint('day', 'status', 'reason', name='uq_xapi_rejection_key')
    )
    op.create_table('assignment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('subject_kind', sa.String(length=10), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('reminded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['assigned_by_id'], ['user.id'], name=op.f('fk_assignment_assigned_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_assignment_organisation_id_organisation'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_assignment_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment')),
    sa.UniqueConstraint('user_id', 'subject_kind', 'subject_id', name='uq_assignment_subject')
    )
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignment_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_subject_id'), ['subject_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignment_user_id'), ['user_id'], unique=False)

    op.create_table('invitation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('roles', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('accepted_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_invitation_invited_by_id_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_invitation_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_invitation_user_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_invitation')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_invitation_token_hash'))
    )
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_invitation_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('privacy_account_deletion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('deleted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('by_admin', sa.Boolean(), nullable=False),
    sa.Column('kept_certificate_names', sa.Boolean(), nullable=False),
    sa.Column('statements_pseudonymised', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_privacy_account_deletion_user_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_account_deletion')),
    sa.UniqueConstraint('user_id', name=op.f('uq_privacy_account_deletion_user_id'))
    )
    op.create_table('privacy_data_access',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('viewer_id', sa.Integer(), nullable=True),
    sa.Column('viewer_name', sa.String(length=120), nullable=False),
    sa.Column('viewer_role', sa.String(length=20), nullable=False),
    sa.Column('what', sa.String(length=40), nullable=False),
    sa.Column('detail', sa.String(length=300), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['subject_id'], ['user.id'], name=op.f('fk_privacy_data_access_subject_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['viewer_id'], ['user.id'], name=op.f('fk_privacy_data_access_viewer_id_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_privacy_data_access'))
    )
    with op.batch_alter_table('privacy_data_access', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_privacy_data_access_at'), ['at'], unique=False)
        batch_op.create_index('ix_privacy_data_access_subject_at', ['subject_id', 'at'], unique=False)
        batch_op.create_index(batch_op.f('ix_privacy_data_access_viewer_id'), ['viewer_id'], unique=False)

    op.create_table('report_export',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('table_name', sa.String(length=40), nullable=False),
    sa.Column('format', sa.String(length=5), nullable=False),
    sa.Column('arguments', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('rows_total', sa.Integer(), nullable=False),
    sa.Column('rows_done', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], name=op.f('fk_report_export_organisation_id_organisation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_report_export_requested_by_id_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_export'))
    )
    with op.batch_alter_table('report_export', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_export_requested_by_id'), ['requested_by_id'], unique=False)



def downgrade():
    with op.batch_alter_table('report_export', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_export_requested_by_id'))

    op.drop_table('report_export')
    with op.batch_alter_table('privacy_data_access', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_privacy_data_access_viewer_id'))
        batch_op.drop_index('ix_privacy_data_access_subject_at')
        batch_op.drop_index(batch_op.f('ix_privacy_data_access_at'))

    op.drop_table('privacy_data_access')
    op.drop_table('privacy_account_deletion')
    with op.batch_alter_table('invitation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_invitation_email'))

    op.drop_table('invitation')
    with op.batch_alter_table('assignment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignment_user_id'))
        batch_op.drop_index(batch_op.f('ix_assignment_subject_id'))
        batch_op.drop_index(batch_op.f('ix_assignment_organisation_id'))

    op.drop_table('assignment')
    op.drop_table('xapi_rejection')
    with op.batch_alter_table('report_last_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_last_activity_day'))

    op.drop_table('report_last_activity')
    with op.batch_alter_table('report_activity_week', schema=None) as batch_op:
        batch_op.drop_index('ix_report_activity_week_week')

    op.drop_table('report_activity_week')
    with op.batch_alter_table('report_activity_day', schema=None) as batch_op:
        batch_op.drop_index('ix_report_activity_day_day')

    op.drop_table('report_activity_day')
    op.drop_table('monitoring_statement_day')
    op.drop_table('monitoring_resource_day')
