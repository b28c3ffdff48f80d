from konsultasi.consultations.models import Status


def test_a_consultation_reaches_every_state(in_state):
    for status in [s for s in Status if s != Status.CANCELLED]:
        assert in_state(status).status == status
