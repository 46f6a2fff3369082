from rest_framework.authtoken.models import TokenProxy

from core.admin_mixins import DELETE, guard_registered

# API tokens are issued by `manage.py api_token issue` (or the token endpoint) to their own
# user; in the admin they can only be revoked, never issued in someone else's name.
guard_registered(TokenProxy, admin_edits={DELETE})
