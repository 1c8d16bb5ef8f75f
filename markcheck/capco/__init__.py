"""The US-owned families of the CAPCO register markcheck reads: SCI control systems, special
access programs and atomic energy markings — their values, their roll-up and their form."""
