from django.urls import path

from tutori.accounts import views as accounts_views
from tutori.tutoring.views import (
    availability,
    booking,
    breaks,
    budget,
    calendar,
    catalogue,
    log,
    named_tutors,
    policy,
    profile,
    report,
    series,
    vocabulary,
)

app_name = "tutoring"
urlpatterns = [
    # member
    path("", catalogue.catalogue, name="catalogue"),
    path("slots/<int:pk>/", booking.book, name="book"),
    path("my/", booking.my_bookings, name="my_bookings"),
    path("bookings/<int:pk>/cancel/", booking.booking_cancel, name="booking_cancel"),
    path("bookings/<int:pk>/accept/", booking.booking_accept_proposal, name="booking_accept"),
    path(
        "bookings/<int:pk>/decline-proposal/",
        booking.booking_decline_proposal,
        name="booking_decline_proposal",
    ),
    path("calendar/", calendar.week, name="week"),
    # Feeds subscribed before the feed moved to accounts/ keep working.
    path("ical/<str:token>.ics", accounts_views.ical, name="ical"),
    # tutor and coordinator
    path("tutor/profile/", profile.profile, name="profile"),
    path("tutor/availability/", availability.availability, name="availability"),
    path("tutor/availability/new/", availability.slot_new, name="slot_new"),
    path("tutor/availability/weekly/", availability.series_new, name="series_new"),
    path("slots/<int:pk>/cancel/", availability.slot_cancel, name="slot_cancel"),
    path("slots/<int:pk>/edit/", series.slot_edit, name="slot_edit"),
    path("tutor/series/<int:pk>/", series.series, name="series"),
    path("tutor/series/<int:pk>/cancel/", series.series_cancel, name="series_cancel"),
    path("bookings/<int:pk>/decide/", booking.booking_decide, name="booking_decide"),
    path("log/", log.log, name="log"),
    path("log/new/", log.log_new, name="log_new"),
    path("topics/", vocabulary.topics, name="topics"),
    path("topics/<int:pk>/", vocabulary.topic_edit, name="topic_edit"),
    path("named-tutors/", named_tutors.named_tutors, name="named_tutors"),
    path(
        "named-tutors/<int:pk>/remove/",
        named_tutors.named_tutor_remove,
        name="named_tutor_remove",
    ),
    path("rules/", policy.policies, name="policies"),
    path("breaks/", breaks.breaks, name="breaks"),
    path("breaks/<int:pk>/", breaks.break_edit, name="break_edit"),
    path("breaks/<int:pk>/delete/", breaks.break_delete, name="break_delete"),
    path("shared/new/", availability.shared_new, name="shared_new"),
    # oversight
    path("units/<int:pk>/", report.unit, name="unit"),
    path("budgets/", budget.budgets, name="budgets"),
    path("budgets/new/", budget.budget_new, name="budget_new"),
    path("budgets/<int:pk>/", budget.budget, name="budget"),
    path("budgets/<int:pk>/spend/", budget.spend_new, name="spend_new"),
    path("spends/<int:pk>/decide/", budget.spend_decide, name="spend_decide"),
    path("spends/<int:pk>/undo/", budget.spend_undo, name="spend_undo"),
    path("reports/hours/", report.report_hours, name="report_hours"),
    # Exports have a file name in the path, so links and crawlers see a download.
    path("reports/hours.<str:fmt>", report.report_hours, name="report_hours_export"),
]
