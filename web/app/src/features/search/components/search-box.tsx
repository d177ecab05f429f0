/* The search field: validates what was typed, then opens the search page for it. */
import { Input } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";

import { cleanQuery, MAX_QUERY_CHARS } from "@/features/search/query-text";
import { fill, messages } from "@/lib/i18n";
import { paths } from "@/lib/paths";

const m = messages.search;

export function SearchBox({ initial = "", size = "middle" }: { initial?: string; size?: "middle" | "large" }) {
  const navigate = useNavigate();
  const [value, setValue] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (raw: string) => {
    const cleaned = cleanQuery(raw);
    if (!cleaned.ok) {
      setProblem(cleaned.problem === "empty" ? m.empty : fill(m.tooLong, { max: MAX_QUERY_CHARS }));
      return;
    }
    setProblem(null);
    void navigate(paths.search(cleaned.text));
  };
  return (
    <div className="gg-search-box">
      <Input.Search
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onSearch={submit}
        enterButton={m.button}
        size={size}
        placeholder={m.placeholder}
        aria-label={m.label}
        status={problem ? "error" : undefined}
        allowClear
      />
      {problem && (
        <div className="gg-field-error" role="alert">
          {problem}
        </div>
      )}
    </div>
  );
}
