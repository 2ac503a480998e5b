"""Django admin for platform administrators: organisations, networks, memberships."""

from django.contrib import admin

from tutori.orgs.models import Invitation, Membership, Network, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "business_id", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "business_id", "municipality_name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "is_active"]
    search_fields = ["name"]
    filter_horizontal = ["organisations"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role", "active_from", "active_to"]
    list_filter = ["role"]
    search_fields = ["user__display_name", "user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]
    list_select_related = ["user", "organisation"]

    def has_delete_permission(self, request, obj=None):
        return False  # memberships are ended, never deleted


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "display_name",
        "organisation",
        "role",
        "membership_on_accept",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    readonly_fields = ["token_hash"]
    list_select_related = ["user", "organisation"]
