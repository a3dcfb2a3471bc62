"""What a task worker loads before it takes its first task.

Apps whose tasks keep something in memory (the similar-articles index) register a function here
in their AppConfig.ready; `task_worker` calls them all at start, so that the first publication
after a worker starts is not the one that waits for the loading.
"""

WARM_UPS = []


def register(function):
    if function not in WARM_UPS:
        WARM_UPS.append(function)
    return function


def warm_up():
    for function in WARM_UPS:
        function()
