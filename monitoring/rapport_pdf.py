"""The PDF monitor report, rendered by Celery with the charts."""
