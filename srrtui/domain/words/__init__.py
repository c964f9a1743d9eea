"""One home for words: every sentence srrtui says about plans, rules, validation issues, service
errors, sizes and counts is made here, for the screens and the command line alike.

Pure (no Textual, no SDK), so the domain's validation, the cloud layer, the screens and the
commands all call it. Every sentence goes through ``translate._``/``translate.ngettext``: the
translation (gettext) installs its catalog there and nothing else changes.

- ``translate``: the gettext hook (``_``, ``ngettext``, ``install``)
- ``counts``: "1 bucket", "3 policies"
- ``sizes``: "1.5 MiB"
- ``text``: untrusted text made safe for a terminal (``printable``)
- ``tags``: one tag as ``key=value``
- ``plans``: a plan, or a rule read back, in sentences (the review, watch's details)
- ``errors``: a service error's Code, Message and RequestId, as one line, a block or a dict
"""
