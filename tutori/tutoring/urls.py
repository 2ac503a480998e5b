from django.urls import path

from tutori.accounts import views as accounts_views
from tutori.tutoring.views import curation, member, oversight, tutor

app_name = "tutoring"
urlpatterns = [
    # member
    path("", member.catalogue, name="catalogue"),
    path("slots/<int:pk>/", member.book, name="book"),
    path("my/", member.my_bookings, name="my_bookings"),
    path("bookings/<int:pk>/cancel/", member.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/accept/", member.booking_accept_proposal, name="booking_accept"),
    path("calendar/", member.week, name="week"),
    # Feeds subscribed before the feed moved to accounts/ keep working.
    path("ical/<str:token>.ics", accounts_views.ical, name="ical"),
    # tutor and coordinator
    path("tutor/profile/", tutor.profile, name="profile"),
    path("tutor/availability/", tutor.availability, name="availability"),
    path("tutor/availability/new/", tutor.slot_new, name="slot_new"),
    path("tutor/availability/weekly/", tutor.series_new, name="series_new"),
    path("slots/<int:pk>/cancel/", tutor.slot_cancel, name="slot_cancel"),
    path("bookings/<int:pk>/decide/", tutor.booking_decide, name="booking_decide"),
    path("log/", tutor.log, name="log"),
    path("log/new/", tutor.log_new, name="log_new"),
    path("topics/", curation.topics, name="topics"),
    path("topics/<int:pk>/", curation.topic_edit, name="topic_edit"),
    path("named-tutors/", curation.named_tutors, name="named_tutors"),
    path("rules/", curation.policies, name="policies"),
    path("shared/new/", tutor.shared_new, name="shared_new"),
    # oversight
    path("units/<int:pk>/", oversight.unit, name="unit"),
    path("budgets/", oversight.budgets, name="budgets"),
    path("budgets/new/", oversight.budget_new, name="budget_new"),
    path("budgets/<int:pk>/", oversight.budget, name="budget"),
    path("budgets/<int:pk>/spend/", oversight.spend_new, name="spend_new"),
    path("spends/<int:pk>/decide/", oversight.spend_decide, name="spend_decide"),
    path("reports/hours/", oversight.report_hours, name="report_hours"),
    # Exports have a file name in the path, so links and crawlers see a download.
    path("reports/hours.<str:fmt>", oversight.report_hours, name="report_hours_export"),
]
