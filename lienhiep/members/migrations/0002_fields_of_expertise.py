from django.db import migrations

# The starting list of fields of expertise (data, in Vietnamese as users record it).
FIELDS = [
    ("giao-duc", "Giáo dục"),
    ("y-te", "Y tế"),
    ("nong-nghiep", "Nông nghiệp"),
    ("xay-dung", "Xây dựng"),
    ("giao-thong", "Giao thông"),
    ("cong-nghe-thong-tin", "Công nghệ thông tin"),
    ("luat", "Luật"),
    ("kinh-te", "Kinh tế"),
    ("van-hoa", "Văn hóa"),
    ("bao-chi", "Báo chí"),
    ("kien-truc", "Kiến trúc"),
    ("moi-truong", "Môi trường"),
    ("cong-nghiep", "Công nghiệp"),
    ("quoc-phong-an-ninh", "Quốc phòng, an ninh"),
]


def add_fields(apps, schema_editor):
    Field = apps.get_model("members", "Field")
    for order, (code, name) in enumerate(FIELDS, start=1):
        Field.objects.get_or_create(code=code, defaults={"name": name, "order": order * 10})


def remove_fields(apps, schema_editor):
    Field = apps.get_model("members", "Field")
    Field.objects.filter(code__in=[code for code, _ in FIELDS], persons__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(add_fields, remove_fields)]
