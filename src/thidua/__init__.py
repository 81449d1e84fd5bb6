"""thidua: emulation campaigns and commendations (thi đua, khen thưởng)."""

__version__ = "0.1.0"
