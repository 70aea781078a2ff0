import time

import pytest

from praktijkleren.demo import seed_demo


@pytest.mark.django_db(transaction=True)
def test_t():
    t = time.time()
    print(seed_demo())
    print("seed", time.time() - t)
