def test_world(world):
    assert world.approvers[0].login_id == "sotnmt_pheduyet"
    assert world.citizen.is_active
