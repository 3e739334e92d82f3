"""Assessment: plan a run, decide where controls apply, evaluate, word findings, waive."""
