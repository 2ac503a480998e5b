import unicodedata

from django.db import migrations, models


def _folded(*parts):
    # core.text.folded as it was when this migration was written.
    return "\n".join(unicodedata.normalize("NFKC", p).casefold() for p in parts if p)


def fill_search_text(apps, schema_editor):
    """Times saved before the search text existed become searchable by place and note."""
    Slot = apps.get_model("tutoring", "Slot")
    rows = (
        Slot._default_manager.exclude(location="", note="")
        .only("pk", "location", "note")
        .order_by("pk")
    )
    batch = []
    for slot in rows.iterator(chunk_size=2000):
        slot.search_text = _folded(slot.location, slot.note)
        batch.append(slot)
        if len(batch) >= 2000:
            Slot._default_manager.bulk_update(batch, ["search_text"])
            batch = []
    if batch:
        Slot._default_manager.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("tutoring", "0003_notifications")]

    operations = [
        migrations.AddField(
            model_name="slot",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="topic",
            name="name_sv",
            field=models.CharField(blank=True, max_length=120, verbose_name="nimi ruotsiksi"),
        ),
        migrations.AddField(
            model_name="topic",
            name="name_en",
            field=models.CharField(blank=True, max_length=120, verbose_name="nimi englanniksi"),
        ),
        migrations.AddField(
            model_name="topic",
            name="description_sv",
            field=models.TextField(blank=True, verbose_name="kuvaus ruotsiksi"),
        ),
        migrations.AddField(
            model_name="topic",
            name="description_en",
            field=models.TextField(blank=True, verbose_name="kuvaus englanniksi"),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
    ]
