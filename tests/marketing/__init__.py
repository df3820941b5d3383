"""Tests of the marketing domain."""
