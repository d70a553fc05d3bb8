"""Tests of the AWS Lambda deployment: handlers in-process and the packaged bundle."""
