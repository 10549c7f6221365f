"""Ports: the small storage and queue interfaces the service layer depends on.

Each port's base class holds the shared logic (validation, state rules,
serialisation); each adapter implements a few storage methods whose contracts
are written on the base class.
"""
