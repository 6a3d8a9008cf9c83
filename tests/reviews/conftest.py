import pytest


@pytest.fixture
def demo(db):
    """The partnership core and the reviews of the seed report (not the other apps')."""
    from cscp import demo as cscp_demo
    from reviews import demo as reviews_demo

    cscp_demo.load()
    reviews_demo.load()
