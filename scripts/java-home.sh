# Sourced by ./llmos and ./run-tests: use the newest JDK on the machine (Temurin 25 where it is
# installed), falling back to the default one. LLMos is built for Java 17 and runs on 17 or newer.
pick_java_home() {
  if [ -n "${LLMOS_JAVA_HOME:-}" ]; then echo "$LLMOS_JAVA_HOME"; return; fi
  local best="" best_version=0 dir version
  for dir in /usr/lib/jvm/*/; do
    [ -x "${dir}bin/javac" ] || continue
    version=$("${dir}bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
    version=${version%%.*}
    if [ -n "$version" ] && [ "$version" -ge 17 ] && [ "$version" -gt "$best_version" ]; then
      best="${dir%/}"; best_version=$version
    fi
  done
  echo "${best:-${JAVA_HOME:-}}"
}
JAVA_HOME=$(pick_java_home)
if [ -n "$JAVA_HOME" ]; then export JAVA_HOME; export PATH="$JAVA_HOME/bin:$PATH"; fi
