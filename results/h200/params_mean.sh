# Sourced by the lease scripts that judge a sweep with the calibrations around it
# (lease31/bracket.sh, lease39/chunks.sh).
# params_mean A B OUT: the parameters' mean of two params files (Q rounded), the rest of A, as
# pkbench run's bracket takes it (pk_calibrate_bracket). A and B may be gzipped, or name a file
# kept as A.gz (as pkbench reads them).
params_mean() {
  { gzip -dcf "$(params_file "$1")"; gzip -dcf "$(params_file "$2")"; } | jq -s '.[0] as $a | .[1] as $b | $a | .params = ($a.params | with_entries(.value = (
           if ($b.params[.key] | type) == "number" and (.value | type) == "number"
           then (.value + $b.params[.key]) / 2 else .value end)))
         | .params.launch_queue_depth |= (if type == "number" then (. + 0.5 | floor) else . end)' >"$3"
}
# params_file P: P, or P.gz where only that is there (a calibration gzipped to keep the repository
# within the device tool's working tree).
params_file() {
  if [ ! -f "$1" ] && [ -f "$1.gz" ]; then echo "$1.gz"; else echo "$1"; fi
}
