"""The Celery task that runs a confirmed browser import (ImportOpdracht)."""
