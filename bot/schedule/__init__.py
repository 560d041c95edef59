"""Time: the working-day calendar, local dates of people, and who is away."""
