"""Tests of what CI systems run: the GitHub Action (action.yml, ci/github/)."""
