"""The analysts' estimation page: how many victims no list recorded (issue 8, "In Kirok").

The numbers come from kirok.lib.estimation; this app turns the records an analyst may see into
capture tables (services), saves analyses with their input snapshot (models), and shows,
exports and re-runs them (views). Who may do what: access.py.
"""
