/** The "remove this item" button of a Form.List row, aligned with the row's labelled fields. */
import { Button, Form } from 'antd';

export function RemoveItem({ label, onRemove }: { label: string; onRemove: () => void }) {
  return (
    <Form.Item label=" " colon={false}>
      <Button type="link" danger onClick={onRemove}>
        {label}
      </Button>
    </Form.Item>
  );
}
