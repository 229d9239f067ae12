"""The queue library's own log lines, without the arguments of the jobs they report.

arq logs every job it starts with its arguments, `0.02s → 3f2a…:send_email(body='…',
subject='Welcome', to='grace@example.com')`: email addresses, names and whatever else a
job is given would reach the log store, which keeps them longer and shows them to more
people than the database does. `hide_job_arguments()` rewrites that one line to
`0.02s → 3f2a…:send_email(…)` and leaves every other line of arq alone: start-up (the
functions it runs, the Redis it uses), shutdown, cron runs, retries and failures keep
their job ids, names, timings and tries. What a job did is logged by `execution.py`
(`job_succeeded`, `job_retrying`, `job_failed`, bound to the job's name, id and try),
never with its arguments; `log_results=False` (worker.py) keeps results out the same way.

The filter recognises the line by arq's format string. Should a release of arq change
it, the line would show arguments again; `test_worker_logs.py` fails in that case.
"""

import logging

ARQ_WORKER_LOGGER = "arq.worker"
# arq's "job started" line; its arguments: (seconds queued, job ref, arguments, extra)
JOB_STARTED = "%6.2fs → %s(%s)%s"
JOB_STARTED_WITHOUT_ARGUMENTS = "%6.2fs → %s(…)%s"
JOB_STARTED_ARGS = 4


class WithoutJobArguments(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if record.msg == JOB_STARTED and isinstance(args, tuple) and len(args) == JOB_STARTED_ARGS:
            waited, reference, _arguments, extra = args
            record.msg = JOB_STARTED_WITHOUT_ARGUMENTS
            record.args = (waited, reference, extra)
        return True


WITHOUT_JOB_ARGUMENTS = WithoutJobArguments()


def hide_job_arguments() -> None:
    """Install the filter on arq's worker logger (once: a logger keeps one copy of it)."""
    logging.getLogger(ARQ_WORKER_LOGGER).addFilter(WITHOUT_JOB_ARGUMENTS)
