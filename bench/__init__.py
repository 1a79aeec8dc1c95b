"""Benchmarks against the peers (aiokafka, kafka-python, confluent-kafka, kcat). Not tests."""
