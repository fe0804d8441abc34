"""Every conference has a year and a name (0003 filled them): the columns become required."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("voting", "0003_conference_year_name_data")]

    operations = [
        migrations.AlterField(
            model_name='conference',
            name='year',
            field=models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(1945), django.core.validators.MaxValueValidator(2100)], verbose_name='năm thi đua'),
        ),
        migrations.AlterField(
            model_name='conference',
            name='name',
            field=models.CharField(max_length=255, verbose_name='tên hội nghị'),
        ),
    ]
