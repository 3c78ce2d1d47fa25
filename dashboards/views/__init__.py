"""Dashboard pages: one module per page, each defining ``render()`` and ``PAGE`` (see navigation.py).

The folder is deliberately not called ``pages/``: Streamlit treats a ``pages/`` folder beside the entry
script as an old-style multipage app until st.navigation has run once in the process (and AppTest resets
that on every run), so a request for /overview would execute the page module itself as a script and
show an empty page without the sidebar.
"""
