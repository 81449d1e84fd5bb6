def test_a(demo): pass
def test_b(demo): pass
def test_c(demo): pass
