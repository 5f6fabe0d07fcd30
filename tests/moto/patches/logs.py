"""CloudWatch Logs."""
from ._support import patch


@patch
def put_log_events_keeps_old_events():
    """PutLogEvents stores events of any age.

    AWS (and moto) drop events older than 14 days (or the group's retention), reporting them as
    `rejectedLogEventsInfo.tooOldLogEventEndIndex`. The `logs` corpus cases and tests use fixed
    timestamps (2020) so that `--start-time`/`--end-time` answers never change; here old events are
    kept. Everything else is as in AWS and moto: the events of one call must be in chronological
    order, and events more than 2 hours in the future are rejected.
    Test: test_put_log_events_keeps_events_from_2020; corpus 158..172-logs.
    """
    from moto.core.utils import unix_time_millis, utcnow
    from datetime import timedelta

    from moto.logs.exceptions import InvalidParameterException, ResourceNotFoundException
    from moto.logs.models import LogsBackend

    def put_log_events(backend, log_group_name, log_stream_name, log_events):
        group = backend.groups.get(log_group_name)
        if group is None:
            raise ResourceNotFoundException()
        newest = int(unix_time_millis(utcnow() + timedelta(hours=2)))
        kept, rejected = [], {}
        previous = None
        for index, event in enumerate(log_events):
            if previous is not None and event["timestamp"] < previous:
                raise InvalidParameterException(
                    "Log events in a single PutLogEvents request must be in chronological order.")
            previous = event["timestamp"]
            if event["timestamp"] > newest:
                rejected.setdefault("tooNewLogEventStartIndex", index)
            else:
                kept.append(event)
        return group.put_log_events(log_stream_name, kept), rejected

    LogsBackend.put_log_events = put_log_events
